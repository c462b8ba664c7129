//! `[outcomes]` and `[beds]`: the patient-benefit and bed analyses. Both
//! tables are optional: without them an appraisal has no outcome or bed
//! figures, and criteria and hurdles may not use them.

use serde::Deserialize;
use toml::Spanned;

use super::Checker;
use crate::criteria::{BedPlanning, BedRule, CaseMix, Outcomes, Policy, TestAccuracy};
use crate::outcome::Model;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct OutcomesFile {
    model: Model,
    policy: Spanned<Policy>,
    onset_to_call_minutes: Spanned<f64>,
    door_to_puncture_minutes: Spanned<f64>,
    transfer_delay_minutes: Spanned<f64>,
    ivt_limit_minutes: Spanned<f64>,
    mt_limit_minutes: Spanned<f64>,
    case_mix: CaseMixFile,
    lvo_test: Option<TestFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CaseMixFile {
    other: Spanned<f64>,
    nlvo_ivt: Spanned<f64>,
    nlvo_untreated: Spanned<f64>,
    lvo_ivt: Spanned<f64>,
    lvo_ivt_mt: Spanned<f64>,
    lvo_mt: Spanned<f64>,
    lvo_untreated: Spanned<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TestFile {
    sensitivity: Spanned<f64>,
    specificity: Spanned<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct BedsFile {
    length_of_stay_days: Spanned<f64>,
    method: Spanned<Method>,
    target: Spanned<f64>,
    asu: Option<super::resources::AsuFile>,
}

#[derive(Deserialize, Clone, Copy)]
#[serde(rename_all = "snake_case")]
pub(super) enum Method {
    Occupancy,
    Poisson,
    ErlangB,
}

/// Longest time a pathway setting may be, minutes (a day).
const LONGEST_MINUTES: f64 = 1440.0;

impl OutcomesFile {
    pub fn read(&self, check: &mut Checker) -> Outcomes {
        for (v, key) in [
            (&self.onset_to_call_minutes, "onset_to_call_minutes"),
            (&self.door_to_puncture_minutes, "door_to_puncture_minutes"),
            (&self.transfer_delay_minutes, "transfer_delay_minutes"),
            (&self.ivt_limit_minutes, "ivt_limit_minutes"),
            (&self.mt_limit_minutes, "mt_limit_minutes"),
        ] {
            let x = *v.get_ref();
            check.that(
                (0.0..=LONGEST_MINUTES).contains(&x),
                v,
                key,
                format!("{key} is {x}; expected minutes between 0 and {LONGEST_MINUTES}"),
            );
        }
        let m = &self.case_mix;
        let shares = [
            (&m.other, "other"),
            (&m.nlvo_ivt, "nlvo_ivt"),
            (&m.nlvo_untreated, "nlvo_untreated"),
            (&m.lvo_ivt, "lvo_ivt"),
            (&m.lvo_ivt_mt, "lvo_ivt_mt"),
            (&m.lvo_mt, "lvo_mt"),
            (&m.lvo_untreated, "lvo_untreated"),
        ];
        let mut total = 0.0;
        for (v, key) in shares {
            check.share(v, key);
            total += *v.get_ref();
        }
        check.that(
            (total - 1.0).abs() <= 1e-6,
            &m.other,
            "case_mix",
            format!("the case mix's shares add up to {total}; expected them to add up to 1"),
        );
        let lvo_test = self.lvo_test.as_ref().map(|t| {
            check.share(&t.sensitivity, "sensitivity");
            check.share(&t.specificity, "specificity");
            TestAccuracy {
                sensitivity: *t.sensitivity.get_ref(),
                specificity: *t.specificity.get_ref(),
            }
        });
        let policy = *self.policy.get_ref();
        check.that(
            policy != Policy::Mothership || lvo_test.is_some(),
            &self.policy,
            "policy",
            "the mothership policy needs [outcomes.lvo_test] (the pre-hospital test's \
             sensitivity and specificity)"
                .to_string(),
        );
        Outcomes {
            model: self.model,
            policy,
            onset_to_call_minutes: *self.onset_to_call_minutes.get_ref(),
            door_to_puncture_minutes: *self.door_to_puncture_minutes.get_ref(),
            transfer_delay_minutes: *self.transfer_delay_minutes.get_ref(),
            ivt_limit_minutes: *self.ivt_limit_minutes.get_ref(),
            mt_limit_minutes: *self.mt_limit_minutes.get_ref(),
            case_mix: CaseMix {
                other: *m.other.get_ref(),
                nlvo_ivt: *m.nlvo_ivt.get_ref(),
                nlvo_untreated: *m.nlvo_untreated.get_ref(),
                lvo_ivt: *m.lvo_ivt.get_ref(),
                lvo_ivt_mt: *m.lvo_ivt_mt.get_ref(),
                lvo_mt: *m.lvo_mt.get_ref(),
                lvo_untreated: *m.lvo_untreated.get_ref(),
            },
            lvo_test,
        }
    }
}

impl BedsFile {
    pub fn read(&self, check: &mut Checker) -> BedPlanning {
        let los = &self.length_of_stay_days;
        check.within(los, "length_of_stay_days", 0.0, 365.0, true, "days");
        BedPlanning {
            length_of_stay_days: *los.get_ref(),
            rule: rule(check, &self.method, &self.target),
            asu: self.asu.as_ref().map(|a| a.read(check)),
        }
    }
}

/// The planning rule of `method` at `target`, checking the target.
pub(super) fn rule(
    check: &mut Checker,
    method: &Spanned<Method>,
    target: &Spanned<f64>,
) -> BedRule {
    let t = *target.get_ref();
    check.that(
        t > 0.0 && t < 1.0,
        target,
        "target",
        format!(
            "target is {t}; expected a share above 0 and below 1 (an occupancy, a share of days \
             or a share of patients turned away)"
        ),
    );
    match method.get_ref() {
        Method::Occupancy => BedRule::Occupancy(t),
        Method::Poisson => BedRule::Poisson(t),
        Method::ErlangB => BedRule::ErlangB(t),
    }
}
