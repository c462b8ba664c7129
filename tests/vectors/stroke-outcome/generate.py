"""Writes the test vectors of hasu's model A from the stroke-outcome package.

Run by tests/vectors/stroke-outcome/regenerate.sh, which installs
stroke-outcome 0.1.8 (MIT) in a fresh virtual environment. The vectors
cover every stroke type, each treatment combination, and times either side
of each time of no effect (IVT 378, MT 480 minutes) and of the licence
limits callers apply (IVT 270, MT 360 minutes). The package imposes no
limits itself, so neither do these vectors.
"""
import contextlib
import csv
import io
import sys

import pandas as pd
import stroke_outcome
from stroke_outcome.continuous_outcome import Continuous_outcome

TIMES = [0, 1, 30, 60, 90, 120, 150, 180, 240, 269.9, 270, 270.1, 300,
         359.9, 360, 360.1, 377.9, 378, 378.1, 420, 479.9, 480, 480.1, 600]

rows = []
for stroke_type in (0, 1, 2):
    for ivt in (0, 1):
        for mt in (0, 1):
            for i, needle in enumerate(TIMES):
                # Puncture times run the other way round, so that every
                # pair of early and late treatments is covered.
                puncture = TIMES[len(TIMES) - 1 - i]
                rows.append(dict(
                    stroke_type_code=stroke_type,
                    onset_to_needle_mins=float(needle),
                    ivt_chosen_bool=ivt,
                    onset_to_puncture_mins=float(puncture),
                    mt_chosen_bool=mt,
                ))

patients = pd.DataFrame(rows)
# The package prints notes while it works; keep them out of the vectors.
with contextlib.redirect_stdout(io.StringIO()):
    model = Continuous_outcome()
    model.assign_patients_to_trial(patients)
    _, _, full = model.calculate_outcomes()

target = open(sys.argv[1], "w", newline="")
out = csv.writer(target, lineterminator="\n")
columns = ["stroke_type_code", "onset_to_needle_mins", "ivt_chosen_bool",
           "onset_to_puncture_mins", "mt_chosen_bool"]
out.writerow(columns + [f"mrs_le_{x}" for x in range(7)]
             + ["mean_mrs", "mrs_shift", "utility", "utility_shift"])
for i, row in enumerate(rows):
    def cell(v):
        return "" if pd.isna(v) else repr(float(v))
    dist = full["each_patient_mrs_dist_post_stroke"][i]
    out.writerow([row[c] for c in columns]
                 + [cell(v) for v in dist]
                 + [cell(full["each_patient_mrs_post_stroke"][i]),
                    cell(full["each_patient_mrs_shift"][i]),
                    cell(full["each_patient_utility_post_stroke"][i]),
                    cell(full["each_patient_utility_shift"][i])])
