#!/usr/bin/env python3
"""Writes data/facts/kent-medway-observed.csv: the observed SSNAP figures of
the region's stroke units, for `hasu baseline`.

    data/facts/observed-from-ssnap.py [stroke_hospitals_2022.csv] > data/facts/kent-medway-observed.csv

(without an argument the file is downloaded from GitHub at the pinned commit)

Source: samuel-book/stroke_unit_demographics (MIT licence),
data/hospitals/stroke_hospitals_2022.csv at commit 51b2eda: SSNAP confirmed
stroke admissions and thrombolysis counts per routinely admitting team for
April 2021 to March 2022. Each region unit is matched by the SSNAP team name
that data/kent-medway/sites.csv states in its notes. Units with no admitting
team in that year are written with 0 admissions (the figure SSNAP gives);
teams the file lists with 0 admissions and no note are left out as
not reported.
Needs only the Python standard library and network access to GitHub.
"""
import csv
import io
import re
import sys
import urllib.request
from pathlib import Path

COMMIT = "51b2eda19e1501bb5119b63568f8992ac90b0717"
URL = (
    "https://raw.githubusercontent.com/samuel-book/stroke_unit_demographics/"
    f"{COMMIT}/data/hospitals/stroke_hospitals_2022.csv"
)
PERIOD = "2021/22"
NO_TEAM = "None (for 72h care)"


def main():
    here = Path(__file__).resolve().parent.parent
    source = sys.argv[1] if len(sys.argv) > 1 else URL
    if source.startswith("https://"):
        text = urllib.request.urlopen(source, timeout=60).read().decode("utf-8")
    else:
        text = Path(source).read_text(encoding="utf-8")
    hospitals = list(csv.DictReader(io.StringIO(text)))
    by_postcode = {h["Postcode"]: h for h in hospitals}
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["site_id", "period", "admissions", "thrombolysed",
                  "thrombolysis_rate", "door_to_needle_median",
                  "thrombectomy_referrals", "source"])
    with open(here / "kent-medway" / "sites.csv", encoding="utf-8") as f:
        for site in csv.DictReader(f):
            if site["in_region"] != "yes":
                continue
            team = re.search(r"SSNAP team: ([^.]*)\.", site["notes"]).group(1)
            row = by_postcode.get(site["postcode"].replace(" ", ""))
            if row is None:
                continue
            admissions = int(row["Admissions 21/22"])
            if admissions == 0 and team != NO_TEAM:
                continue
            what = ("" if team != NO_TEAM
                    else "; no SSNAP team admitted for 72-hour care at this site")
            out.writerow([
                site["site_id"], PERIOD, admissions, int(row["Thrombolysis"]), "", "", "",
                "SSNAP April 2021 to March 2022, confirmed stroke admissions and patients "
                "thrombolysed of the unit's team (named in sites.csv's notes), as collated in "
                "samuel-book/stroke_unit_demographics data/hospitals/stroke_hospitals_2022.csv "
                f"(commit {COMMIT[:7]}, MIT licence); a later period than the 2017-19 "
                f"admissions the model uses{what}.",
            ])


if __name__ == "__main__":
    main()
