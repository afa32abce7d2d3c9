#!/usr/bin/env python3
"""The Python side of the benchmark (bench/README.md), standard library only.

  peer.py aggregate FILE.csv
      The summary `vmat report -s bench/survey.json --by region FILE.csv` prints,
      computed with the csv module: the peer timed as "python3 csv".
  peer.py compare NAME VMAT.csv PEER.csv [KEYS]
      Exit 1, naming the cells, unless every cell of PEER.csv agrees with VMAT.csv
      (PEER.csv may hold fewer columns); numbers to 4 decimals, as vmat writes them.
      The rows are matched by their first KEYS columns (default 1: the group,
      region or customer): both files must name them alike and hold the same
      keys. Also for vmat report -o's movement.csv against bench/duckdb.js ...
      movement, and for vmat peers against bench/duckdb.js ... peers (KEYS 2:
      region, meeting).
  peer.py history NAME VMAT.csv PEER.csv
      Exit 1 unless every interview of PEER.csv (bench/duckdb.js ... history)
      has the same previous interview, stage and index changes and dimension
      scores and changes in VMAT.csv (vmat history); numbers to 4 decimals.
  peer.py peers NAME PEERS.csv FILE.csv
      Exit 1 unless the meetings of PEERS.csv (vmat peers -s bench/survey.json
      FILE.csv) hold, in each region and at each stage, as many customers as
      FILE.csv has customers (exact names) whose latest interview (by date,
      then id) is in that region at that stage (reference §4).
  peer.py customers HISTORY.csv
      The number of distinct customer keys in vmat history's rows.
  peer.py split SURVEY FILE.csv DIR
      One response JSON file (reference §2) per row of a bulk CSV file (reference §3), named
      000001.json, ... so that DIR reads back in the rows' order.
"""
import csv
import json
import math
import os
import sys

# bench/survey.json: q01..q40 are `scale` 0..4 questions in five dimensions of
# eight, d1..d4 capability and d5 intent; four stages, stage k requiring
# d1..d4 >= k. With S = 4 stages, a scale answer's level is the answer itself.
S = 4
DIMS = ["d1", "d2", "d3", "d4", "d5"]
PER_DIM = 8
FIRST_Q = 5  # id,customer,region,segment,date, then q01..q40
EPS = 1e-9  # reference §4.4 and §4.6


def quantile7(xs, p):
    """Quantile by linear interpolation between order statistics (R type 7,
    numpy's default, DuckDB quantile_cont): xs sorted and not empty."""
    h = (len(xs) - 1) * p
    lo = math.floor(h)
    if lo + 1 >= len(xs):
        return xs[-1]
    return xs[lo] + (h - lo) * (xs[lo + 1] - xs[lo])


def mean(xs):
    return sum(xs) / len(xs) if xs else None


def median(xs):
    return quantile7(sorted(xs), 0.5) if xs else None


def is_na(cell):
    """reference §2: "n/a" or "n/a:REASON" marks a question not applicable."""
    return cell.startswith("n/a") and (len(cell) == 3 or cell[3] == ":")


class Group:
    def __init__(self):
        self.responses = 0
        self.customers = set()
        self.interviewers = set()
        self.stages = [0] * (S + 1)
        self.index = []
        self.aspiration = []
        self.gap = []
        self.completeness = []
        self.dims = [[] for _ in DIMS]


def score(row):
    """reference §4 for one row of bench/survey.json: (scores, stage, index,
    aspiration, gap, completeness)."""
    scores = []
    answered = asked = 0
    for d in range(len(DIMS)):
        n = total = 0
        start = FIRST_Q + d * PER_DIM
        for cell in row[start:start + PER_DIM]:
            if cell == "":
                asked += 1  # unanswered: counts against completeness
            elif not is_na(cell):  # not applicable: counts nowhere (reference §4.9)
                n += 1
                total += int(cell)
        answered += n
        asked += n
        scores.append(total / n if n else None)
    capability = scores[:4]
    # reference §4.4: the largest k with every d1..d4 scored and >= j for all j <= k
    stage = 0
    for k in range(1, S + 1):
        if any(s is None or s < k - EPS for s in capability):
            break
        stage = k
    scored = [s for s in capability if s is not None]
    index = 100 * sum(scored) / (S * len(scored)) if scored else None
    aspiration = None
    if scores[4] is not None:
        aspiration = min(S, max(0, math.floor(scores[4] + EPS)))
    gap = aspiration - stage if aspiration is not None else None
    completeness = answered / asked if asked else 1
    return scores, stage, index, aspiration, gap, completeness


def aggregate(path):
    groups = {}
    with open(path, newline="", encoding="utf-8-sig") as f:
        reader = csv.reader(f)
        header = next(reader)
        expected = ["q%02d" % (i + 1) for i in range(len(DIMS) * PER_DIM)]
        if header[FIRST_Q:] != expected or header[2] != "region":
            sys.exit("peer.py: %s: not the columns of bench/survey.json" % path)
        # the bench data has no interviewer column: interviewers are then 0
        who = header.index("interviewer") if "interviewer" in header else None
        for row in reader:
            g = groups.get(row[2])
            if g is None:
                g = groups[row[2]] = Group()
            scores, stage, index, aspiration, gap, completeness = score(row)
            g.responses += 1
            g.customers.add(row[1])
            if who is not None and row[who] != "":
                g.interviewers.add(row[who])
            g.stages[stage] += 1
            if index is not None:
                g.index.append(index)
            if aspiration is not None:
                g.aspiration.append(aspiration)
                g.gap.append(gap)
            g.completeness.append(completeness)
            for d, s in enumerate(scores):
                if s is not None:
                    g.dims[d].append(s)

    out = csv.writer(sys.stdout, lineterminator="\n")
    head = ["region", "responses", "customers", "interviewers"]
    head += ["stage%d" % k for k in range(S + 1)]
    head += ["index_mean", "index_p25", "index_median", "index_p75", "aspiration_mean",
             "gap_mean", "mindset_ahead_share", "completeness_mean"]
    for d in DIMS:
        head += [d + "_mean", d + "_median"]
    out.writerow(head)
    for region in sorted(groups, key=lambda r: r.encode()):  # reference §5: byte order
        g = groups[region]
        idx = sorted(g.index)
        ahead = [1 if x >= 1 else 0 for x in g.gap]
        row = [region, g.responses, len(g.customers), len(g.interviewers)] + g.stages
        row += [mean(idx)] + ([quantile7(idx, p) for p in (0.25, 0.5, 0.75)] if idx
                              else [None] * 3)
        row += [mean(g.aspiration), mean(g.gap), mean(ahead), mean(g.completeness)]
        for xs in g.dims:
            row += [mean(xs), median(xs)]
        out.writerow(["" if v is None else repr(v) if isinstance(v, float) else v
                      for v in row])


def read_summary(path, keys=1):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    if not rows:
        sys.exit("peer.py: %s is empty" % path)
    table = {",".join(r[:keys]): dict(zip(rows[0], r)) for r in rows[1:]}
    if len(table) != len(rows) - 1:
        sys.exit("peer.py: %s: two rows with the same %s" % (path, ",".join(rows[0][:keys])))
    return rows[0], table


def agree(a, b):
    if a == b:
        return True
    try:
        x, y = round(float(a), 4), round(float(b), 4)
    except ValueError:
        return False  # text, or one empty cell
    return abs(x - y) <= 1e-4 + 1e-9


def compare(name, vmat_path, peer_path, keys=1):
    vhead, vrows = read_summary(vmat_path, keys)
    phead, prows = read_summary(peer_path, keys)
    problems = ["column %s: not in vmat's summary" % c for c in phead if c not in vhead]
    if vhead[:keys] != phead[:keys]:
        problems.append("rows keyed by %r in vmat's, by %r in %s's"
                        % (vhead[:keys], phead[:keys], name))
    if sorted(vrows) != sorted(prows):
        only_v, only_p = sorted(set(vrows) - set(prows)), sorted(set(prows) - set(vrows))
        problems.append("groups differ: %d in vmat's only %s, %d in %s's only %s"
                        % (len(only_v), only_v[:5], len(only_p), name, only_p[:5]))
    for key in sorted(set(vrows) & set(prows)):
        for col in phead[keys:]:
            a, b = vrows[key].get(col, ""), prows[key].get(col, "")
            if not agree(a, b):
                problems.append("%s %s: vmat %r, %s %r" % (key, col, a, name, b))
    if problems:
        print("bench: %s disagrees with vmat (%s vs %s):"
              % (name, vmat_path, peer_path), file=sys.stderr)
        for p in problems[:20]:
            print("  " + p, file=sys.stderr)
        if len(problems) > 20:
            print("  ... and %d more" % (len(problems) - 20), file=sys.stderr)
        sys.exit(1)
    print("bench: %s agrees with vmat on %d rows (%s) x %d columns"
          % (name, len(prows), ",".join(phead[:keys]), len(phead) - keys), file=sys.stderr)


def peers(name, peers_path, data_path):
    latest = {}  # customer -> ((date, id), row of its latest interview)
    with open(data_path, newline="", encoding="utf-8-sig") as f:
        reader = csv.reader(f)
        header = next(reader)
        if header[:5] != ["id", "customer", "region", "segment", "date"]:
            sys.exit("peer.py: %s: not the columns of bench/survey.json" % data_path)
        for row in reader:
            when = (row[4].encode(), row[0].encode())  # date, then id, in byte order
            seen = latest.get(row[1])
            if seen is None or when > seen[0]:
                latest[row[1]] = (when, row)
    want = {}
    for _, row in latest.values():
        key = (row[2], score(row)[1])
        want[key] = want.get(key, 0) + 1
    got = {}
    with open(peers_path, newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            key = (r["region"], int(r["stage"]))
            got[key] = got.get(key, 0) + int(r["customers"])
    problems = ["region %s stage %d: %d customers in %s's meetings, %d latest interviews"
                % (k[0], k[1], got.get(k, 0), name, want.get(k, 0))
                for k in sorted(set(want) | set(got)) if got.get(k, 0) != want.get(k, 0)]
    if problems:
        print("bench: %s disagrees with the data:" % name, file=sys.stderr)
        for p in problems[:20]:
            print("  " + p, file=sys.stderr)
        sys.exit(1)
    print("bench: %s meets every customer once, by region and stage (%d customers)"
          % (name, sum(want.values())), file=sys.stderr)


def customers(history_path):
    with open(history_path, newline="", encoding="utf-8") as f:
        print(len({r["customer_key"] for r in csv.DictReader(f)}))


def history(name, vmat_path, peer_path):
    with open(vmat_path, newline="", encoding="utf-8") as f:
        vrows = {r["id"]: r for r in csv.DictReader(f)}
    with open(peer_path, newline="", encoding="utf-8") as f:
        prows = list(csv.DictReader(f))
    pairs = [("previous_id", "previous_id"), ("previous_date", "previous_date"),
             ("stage_change", "stage_change"), ("index_change", "index_change")]
    pairs += [("score_%s" % d, d) for d in DIMS] + \
             [("score_%s_change" % d, d + "_change") for d in DIMS]
    problems = [] if len(vrows) == len(prows) else \
        ["%d interviews in vmat's history, %d in the peer's" % (len(vrows), len(prows))]
    for p in prows:
        v = vrows.get(p["id"])
        if v is None:
            problems.append("id %s: not in vmat's history" % p["id"])
            continue
        for vc, pc in pairs:
            if not agree(v[vc], p[pc]):
                problems.append("id %s %s: vmat %r, %s %r" % (p["id"], vc, v[vc], name, p[pc]))
    if problems:
        print("bench: %s disagrees with vmat history:" % name, file=sys.stderr)
        for p in problems[:20]:
            print("  " + p, file=sys.stderr)
        sys.exit(1)
    print("bench: %s agrees with vmat history on %d interviews x %d columns"
          % (name, len(prows), len(pairs)), file=sys.stderr)


def unguard(cell):
    """reference §6: readers of bulk CSV drop one leading ' put before =+-@, a tab,
    CR, LF or another '."""
    if len(cell) > 1 and cell[0] == "'" and cell[1] in "=+-@\t\r\n'":
        return cell[1:]
    return cell


def number(cell):
    v = float(cell)
    return int(v) if v.is_integer() and "." not in cell and "e" not in cell.lower() else v


def answer(q, cell):
    """A bulk CSV cell (reference §3) as a JSON answer (reference §2)."""
    if is_na(cell):
        return {"na": cell[4:] if len(cell) > 4 else None}
    t = q["type"]
    if t == "multi":
        if cell.strip() == ";":
            return []  # answered, nothing chosen (doc/formats.md)
        return [c.strip() for c in cell.split(";")]
    if t in ("scale", "number", "percent"):
        return number(cell)
    return cell  # choice, yesno, text


def split(survey_path, csv_path, out_dir):
    with open(survey_path, encoding="utf-8") as f:
        survey = json.load(f)
    questions = {q["id"]: q for q in survey["questions"]}
    os.makedirs(out_dir)
    with open(csv_path, newline="", encoding="utf-8-sig") as f:
        reader = csv.reader(f)
        header = next(reader)
        for n, row in enumerate(reader, 1):
            r = {"format": "vmat-response/1", "survey": survey["id"],
                 "survey_version": survey["version"]}
            answers = {}
            for col, cell in zip(header, row):
                cell = unguard(cell)
                if cell == "":
                    continue
                if col in questions:
                    answers[col] = answer(questions[col], cell)
                else:
                    r[col] = cell
            r["answers"] = answers
            with open(os.path.join(out_dir, "%06d.json" % n), "w", encoding="utf-8") as out:
                json.dump(r, out, ensure_ascii=False, indent=1)
                out.write("\n")


def main(argv):
    if len(argv) == 3 and argv[1] == "aggregate":
        aggregate(argv[2])
    elif len(argv) in (5, 6) and argv[1] == "compare":
        compare(argv[2], argv[3], argv[4], int(argv[5]) if len(argv) == 6 else 1)
    elif len(argv) == 5 and argv[1] == "history":
        history(argv[2], argv[3], argv[4])
    elif len(argv) == 5 and argv[1] == "peers":
        peers(argv[2], argv[3], argv[4])
    elif len(argv) == 3 and argv[1] == "customers":
        customers(argv[2])
    elif len(argv) == 5 and argv[1] == "split":
        split(argv[2], argv[3], argv[4])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
