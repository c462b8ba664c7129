"""Solves the weighted p-median of a hasu dataset with HiGHS and compares
it with `hasu optimise` (run by benches/optimise-vs-highs.sh).

The instance is the one hasu solves: the region's zones (in_region = yes)
weighted by admissions, every site whose role may open (candidate or
fixed_open; fixed_open always open), travel times rounded to tenths of a
minute, each zone served by its nearest open site.

The MIP is the radius (ordered-distance) formulation of Elloumi (2010, A
tighter formulation of the p-median problem, J. Comb. Optim. 19) and
García, Labbé and Marín (2011, Solving large p-median problems with a
radius formulation, INFORMS J. Comput. 23), with equal distances of a zone
collapsed into one level, each zone's levels cut at the one holding its
(n - p + 1)-th nearest site (with p open, one of those is open), and the
covering rows written as a chain (z_k >= z_(k-1) - sum of the sites at
level k), which is at least as tight as the cumulative rows and has one
non-zero per (zone, site) pair instead of one per (level, nearer site).
As García, Labbé and Marín do for large instances, each zone starts with
a few levels (a relaxation) and is deepened only when the solution leaves
it beyond them; HiGHS's time is the sum over these rounds. (Measured on
England and Wales at p = 100, the whole model takes HiGHS 72 s with the
chain rows and 117 s with the cumulative ones, and at p = 24 it did not
finish in 25 minutes and 16 GB.)

Usage: optimise_vs_highs.py DATA_DIR P HASU_JSON
Prints one line: p, HiGHS seconds, HiGHS objective, hasu seconds, hasu
objective, and whether the two agree to 1e-6 minutes.
"""

import csv
import json
import sys
import time

import highspy
import numpy as np


def read_instance(folder):
    """Zones' admissions and each zone's sorted (tenths, site) list."""
    with open(f"{folder}/sites.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    sites = [r["site_id"] for r in rows if r["role"] in ("candidate", "fixed_open")]
    fixed = {r["site_id"] for r in rows if r["role"] == "fixed_open"}
    index = {s: k for k, s in enumerate(sites)}
    weight = {}
    with open(f"{folder}/zones.csv", newline="") as f:
        for r in csv.DictReader(f):
            if r.get("in_region", "yes").strip().lower() in ("yes", "y", "true", "1"):
                weight[r["zone_id"]] = float(r["admissions"])
    lists = {}

    def add(zone, site, minutes):
        if zone in weight and site in index and minutes.strip():
            lists.setdefault(zone, []).append((round(float(minutes) * 10.0), index[site]))

    with open(f"{folder}/travel_times.csv", newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        if header[:3] == ["zone_id", "site_id", "minutes"]:
            # The long layout.
            for zone, site, minutes, *_ in reader:
                add(zone, site, minutes)
        else:
            # The wide layout: a column per site, "<site> (estimated)" for
            # estimates; an empty cell is no time.
            columns = [h.removesuffix(" (estimated)").strip() for h in header]
            for row in reader:
                for site, minutes in zip(columns[1:], row[1:]):
                    add(row[0], site, minutes)
    zones = sorted(lists)
    return sites, fixed, [weight[z] for z in zones], [sorted(lists[z]) for z in zones]


def levels_of(entries, n, p):
    """A zone's distinct times (tenths) up to the level holding its
    (n - p + 1)-th nearest site, and the sites at each."""
    cut = entries[min(n - p, len(entries) - 1)][0]
    at = {}
    for t, j in entries:
        if t <= cut:
            at.setdefault(t, []).append(j)
    levels = sorted(at)
    return levels, [at[t] for t in levels]


def build(sites, fixed, weights, zones, p, depth):
    """The radius formulation as a HiGHS model, each zone cut at
    depth[i] levels: columns y (one per site, binary) then z (per zone,
    one per level kept, in [0, 1]). A zone cut before its last level keeps
    a z for "not served within the levels kept", charged the next level's
    time: a relaxation, exact for every zone whose z is 0."""
    n = len(sites)
    cost = [0.0] * n
    lower = [1.0 if s in fixed else 0.0 for s in sites]
    upper = [1.0] * n
    offset = 0.0
    starts, index, value, row_lower = [0], [], [], []
    beyond = []
    for w, (levels, at), keep in zip(weights, zones, depth):
        offset += w * levels[0] / 10.0
        previous = None
        for k in range(keep):
            # Row k: z_k - z_(k-1) + sum(y at level k) >= 0 (z_0 = 1); the
            # zone's last level has no z: every zone is served within it.
            last = k == len(levels) - 1
            z = None
            if not last:
                z = len(cost)
                cost.append(w * (levels[k + 1] - levels[k]) / 10.0)
                lower.append(0.0)
                upper.append(1.0)
                index.append(z)
                value.append(1.0)
            if previous is not None:
                index.append(previous)
                value.append(-1.0)
            for j in at[k]:
                index.append(j)
                value.append(1.0)
            row_lower.append(1.0 if previous is None else 0.0)
            starts.append(len(index))
            previous = z
        beyond.append(previous)
    # Exactly p sites open.
    index.extend(range(n))
    value.extend([1.0] * n)
    row_lower.append(float(p))
    starts.append(len(index))
    row_upper = [highspy.kHighsInf] * (len(row_lower) - 1) + [float(p)]

    lp = highspy.HighsLp()
    lp.num_col_ = len(cost)
    lp.num_row_ = len(row_lower)
    lp.col_cost_ = np.array(cost)
    lp.col_lower_ = np.array(lower)
    lp.col_upper_ = np.array(upper)
    lp.row_lower_ = np.array(row_lower)
    lp.row_upper_ = np.array(row_upper)
    lp.offset_ = offset
    lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
    lp.a_matrix_.start_ = np.array(starts, dtype=np.int32)
    lp.a_matrix_.index_ = np.array(index, dtype=np.int32)
    lp.a_matrix_.value_ = np.array(value)
    lp.integrality_ = [highspy.HighsVarType.kInteger] * n + [highspy.HighsVarType.kContinuous] * (
        len(cost) - n
    )
    return lp, beyond


def solve(sites, fixed, weights, lists, p, first_depth=4):
    """HiGHS on the radius formulation with García, Labbé and Marín's
    reduction: solve with each zone cut at a few levels, deepen the zones
    the solution leaves beyond their cut, and repeat until none is: the
    relaxation's optimum is then the problem's. Returns the objective
    (admissions x minutes), the open sites, the seconds in HiGHS, the
    rounds and the last model's size."""
    n = len(sites)
    zones = [levels_of(entries, n, p) for entries in lists]
    depth = [min(first_depth, len(levels)) for levels, _ in zones]
    seconds, rounds = 0.0, 0
    while True:
        lp, beyond = build(sites, fixed, weights, zones, p, depth)
        h = highspy.Highs()
        h.setOptionValue("output_flag", False)
        h.setOptionValue("mip_rel_gap", 1e-9)
        h.setOptionValue("mip_abs_gap", 1e-9)
        h.setOptionValue("random_seed", 0)
        h.passModel(lp)
        started = time.perf_counter()
        h.run()
        seconds += time.perf_counter() - started
        rounds += 1
        status = h.modelStatusToString(h.getModelStatus())
        if status != "Optimal":
            sys.exit(f"HiGHS stopped: {status}")
        x = h.getSolution().col_value
        deepen = [i for i, z in enumerate(beyond) if z is not None and x[z] > 0.5]
        if not deepen:
            opened = [sites[j] for j in range(n) if x[j] > 0.5]
            size = f"{lp.num_col_} columns, {lp.num_row_} rows"
            return h.getInfo().objective_function_value, opened, seconds, rounds, size
        for i in deepen:
            depth[i] = min(2 * depth[i], len(zones[i][0]))


def main():
    folder, p, hasu_json = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    sites, fixed, weights, lists = read_instance(folder)
    cost, opened, seconds, rounds, size = solve(sites, fixed, weights, lists, p)
    objective = cost / sum(weights)

    with open(hasu_json) as f:
        ours = next(r for r in json.load(f)["results"] if r["p"] == p)
    agree = abs(objective - ours["mean_travel"]) <= 1e-6
    same = sorted(opened) == sorted(ours["sites"])
    print(
        f"p={p:<4} HiGHS {seconds:8.2f} s  {objective:.9f} min ({rounds} rounds, last {size})   hasu {ours['seconds']:6.2f} s  {ours['mean_travel']:.9f} min "
        f"(proven: {ours['proven']})   agree to 1e-6: {'yes' if agree else 'NO'}; "
        f"same sites: {'yes' if same else 'no (an equal-valued alternative)'}   "
        f"hasu/HiGHS time: {ours['seconds'] / seconds:.3f}"
    )
    if not agree:
        sys.exit(1)


if __name__ == "__main__":
    main()
