#!/usr/bin/env python3
"""NumPy/SciPy baseline of one atlas instance (issue 30, item 6), timed against implreg on the same files.

One atlas instance: a Gaussian-sensing problem file (planted rank-r PSD X*, ||X*||_F = 1,
A_i = (G_i + G_i^T)/(2 sqrt(m)), y = A(X*), written by implreg), then
  (i)  the certified minimum nuclear norm  min tr X  s.t. <A_i, X> = y_i, X psd,  solved by CSDP
       (Debian coinor-csdp, /usr/bin/csdp) through an SDPA sparse file: C = -I, upper triangles, 1-based,
       the layout of implreg's org.implreg.convex.Csdp bridge; seconds include writing, the csdp process
       and parsing its solution;
  (ii) the gradient flow U' = -grad f(U) = -4 A*(r) U, r = A(U U^T) - y, f(U) = ||r||^2 (implreg's
       FactorizedObjective: no 1/2), d = n, from U0 with ||U0||_F = alpha for each alpha, until the training
       error ||r||/||y|| <= tol (a terminal event), integrated by scipy.integrate.solve_ivp (LSODA by
       default, or Radau/BDF) at rtol 1e-8, atol rtol*||U0||_F/sqrt(nd) (implreg's per-entry absolute
       tolerance), with the exact Jacobian J = -4 kron(S, I_d) - 8 B^T B (S = A*(r), B_i = vec(A_i U)),
       horizon 1e12/rho, rho = ||A*(r0)||_2 (implreg's).
U0 is implreg's own (alpha * G/||G||_F, G from Rng.stream(seed, "init")), read from implreg's output, so
both flows start from the same point and their limits can be compared.

The whole comparison in one run (implreg first, in one JVM, then this baseline; both on the same
`--workers` cores with one BLAS thread per worker):

  python3 bench/numpy/atlas_baseline.py --implreg-jar bench/target/benchmarks.jar --out results/atlas-speed \
      [--n 10] [--ranks 1,2,3] [--m-fractions 0.2,0.35,0.5,0.65,0.8,0.95] [--trials 3] \
      [--alphas 1e-4,1e-8,1e-16] [--tol 1e-6] [--workers 2] [--passes 2] [--method LSODA]

Writes DIR/problems/*.npz, DIR/implreg.json (implreg's records), DIR/baseline.json (this side's) and
DIR/summary.json (throughputs, ratio, agreement), and prints the table. Exits 1 when the sides disagree: a
certified minimum beyond 1e-6 relative, or an instance recovered (rel. error to X* <= 1e-3) on one side only.
"""
import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # before numpy: one BLAS thread per worker
os.environ.setdefault("OMP_NUM_THREADS", "1")

import argparse  # noqa: E402
import glob  # noqa: E402
import json  # noqa: E402
import multiprocessing  # noqa: E402
import resource  # noqa: E402
import shutil  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402
from scipy.integrate import solve_ivp  # noqa: E402

HORIZON = 1e12  # implreg's GradientFlow.HORIZON, in units of 1/rho
RTOL = 1e-8  # implreg's default flow rtol
NUCMIN_AGREEMENT = 1e-6  # relative agreement required of the two certified minima
RECOVERY_TOL = 1e-3  # relative Frobenius error to X* at which an instance counts as recovered (the atlas default)


def load(path):
    z = np.load(path)
    a = np.ascontiguousarray(z["A"])
    return a, z["y"].copy(), z["X_star"].copy(), a.shape[1]


# ---------------------------------------------------------------- (i) CSDP
def write_sdpa(a, y, path):
    m, n, _ = a.shape
    iu, ju = np.triu_indices(n)
    lines = ['"min tr(X) s.t. <A_i, X> = y_i, X psd"', str(m), "1", str(n), " ".join("%.17g" % v for v in y)]
    lines += ["0 1 %d %d -1" % (i, i) for i in range(1, n + 1)]
    for c in range(m):
        v = a[c][iu, ju]
        nz = v != 0
        lines += ["%d 1 %d %d %.17g" % (c + 1, i + 1, j + 1, x) for i, j, x in zip(iu[nz], ju[nz], v[nz])]
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


def csdp(a, y, csdp_bin):
    """min tr X by CSDP; returns (X, value tr X, seconds, iterations, exit code)."""
    t0 = time.perf_counter()
    m, n, _ = a.shape
    d = tempfile.mkdtemp(prefix="atlas-csdp-")
    try:
        src, sol = os.path.join(d, "p.dat-s"), os.path.join(d, "p.sol")
        write_sdpa(a, y, src)
        p = subprocess.run([csdp_bin, src, sol], cwd=d, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        iters = sum(1 for line in p.stdout.splitlines() if line.startswith("Iter:"))
        x = np.zeros((n, n))
        with open(sol) as f:
            f.readline()  # the dual vector
            for line in f:
                fld = line.split()
                if len(fld) == 5 and fld[0] == "2":
                    i, j, v = int(fld[2]) - 1, int(fld[3]) - 1, float(fld[4])
                    x[i, j] = x[j, i] = v
    finally:
        shutil.rmtree(d, ignore_errors=True)
    return x, float(np.trace(x)), time.perf_counter() - t0, iters, p.returncode


# ---------------------------------------------------------------- (ii) the flow
def flow(a, y, u0, tol, method):
    """The flow from u0 (n x d) to ||A(UU^T) - y||/||y|| <= tol; returns (X, train error, seconds, status, nfev, njev,
    flow time)."""
    t0 = time.perf_counter()
    m, n, _ = a.shape
    d = u0.shape[1]
    a2 = a.reshape(m, n * n)
    ynorm = np.linalg.norm(y)

    def resid(u):
        return a2 @ (u @ u.T).ravel() - y

    def rhs(_, v):
        u = v.reshape(n, d)
        return (-4.0 * (resid(u) @ a2).reshape(n, n) @ u).ravel()

    eye = np.eye(d)

    def jac(_, v):
        u = v.reshape(n, d)
        s = (resid(u) @ a2).reshape(n, n)
        b = (a @ u).reshape(m, n * d)
        return -4.0 * np.kron(s, eye) - 8.0 * (b.T @ b)

    def fitted(_, v):
        return np.linalg.norm(resid(v.reshape(n, d))) / ynorm - tol

    fitted.terminal = True
    fitted.direction = -1
    rho = np.linalg.norm((resid(u0) @ a2).reshape(n, n), 2)
    atol = RTOL * np.linalg.norm(u0) / np.sqrt(n * d)
    sol = solve_ivp(rhs, (0.0, HORIZON / rho), u0.ravel(), method=method, rtol=RTOL, atol=atol, jac=jac,
                    events=fitted)
    u = (sol.y_events[0][0] if sol.status == 1 else sol.y[:, -1]).reshape(n, d)
    x = u @ u.T
    err = float(np.linalg.norm(resid(u)) / ynorm)
    t_end = float(sol.t_events[0][0] if sol.status == 1 else sol.t[-1])
    return x, err, time.perf_counter() - t0, {1: "CONVERGED", 0: "MAX_TIME"}.get(sol.status, "FAILED"), int(sol.nfev), \
        int(sol.njev), t_end


def instance(job):
    """One instance on this side: load, CSDP, one flow per implreg U0. Returns its record, with wall seconds and CPU
    seconds (this process and its children: the csdp process)."""
    path, u0s, tol, method, csdp_bin = job
    t0 = time.perf_counter()
    ch = resource.getrusage(resource.RUSAGE_CHILDREN)
    c0 = time.process_time() + ch.ru_utime + ch.ru_stime
    a, y, _, _ = load(path)
    x, value, sec, iters, code = csdp(a, y, csdp_bin)
    rec = {"file": path, "nucmin": {"value": value, "seconds": sec, "iterations": iters, "exit_code": code, "x": x.tolist()},
           "flows": []}
    for alpha, u0 in u0s:
        xf, err, fsec, status, nfev, njev, t_end = flow(a, y, np.asarray(u0), tol, method)
        rec["flows"].append({"alpha": alpha, "seconds": fsec, "stop": status, "train_error": err, "evaluations": nfev,
                             "jacobians": njev, "flow_time": t_end, "x": xf.tolist()})
    rec["seconds"] = time.perf_counter() - t0
    ch = resource.getrusage(resource.RUSAGE_CHILDREN)
    rec["cpu_seconds"] = time.process_time() + ch.ru_utime + ch.ru_stime - c0
    return rec


def baseline_pass(jobs, workers):
    t0 = time.perf_counter()
    if workers == 1:
        recs = [instance(j) for j in jobs]
    else:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            recs = pool.map(instance, jobs, chunksize=1)
    return recs, time.perf_counter() - t0


# ---------------------------------------------------------------- the comparison
def rel(x, ref):
    return float(np.linalg.norm(np.asarray(x) - np.asarray(ref)) / np.linalg.norm(ref))


def col_major(v, n):
    """implreg writes n x n / n x d matrices column-major as flat lists."""
    return np.asarray(v, dtype=float).reshape(-1, n).T


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--implreg-jar", required=True, help="bench/target/benchmarks.jar (holds org.implreg.bench.AtlasInstances)")
    p.add_argument("--out", required=True)
    p.add_argument("--n", type=int, default=10)
    p.add_argument("--ranks", default="1,2,3")
    p.add_argument("--m-fractions", default="0.2,0.35,0.5,0.65,0.8,0.95", help="m as fractions of D = n(n+1)/2")
    p.add_argument("--trials", type=int, default=3)
    p.add_argument("--alphas", default="1e-4,1e-8,1e-16")
    p.add_argument("--tol", type=float, default=1e-6)
    p.add_argument("--workers", type=int, default=2, help="instances in parallel, each side (one BLAS thread each)")
    p.add_argument("--passes", type=int, default=2, help="implreg passes over the instances (the first warms the JIT)")
    p.add_argument("--method", default="LSODA", choices=["LSODA", "Radau", "BDF"])
    p.add_argument("--csdp", default=shutil.which("csdp") or "/usr/bin/csdp")
    p.add_argument("--implreg", default=None, help="the ./implreg launcher: also checks one file against `implreg problem`")
    o = p.parse_args()
    if not os.path.exists(o.csdp):
        sys.exit("csdp not found (Debian: apt-get install coinor-csdp)")
    os.makedirs(o.out, exist_ok=True)
    n = o.n
    big_d = n * (n + 1) // 2
    ms = sorted({max(1, round(f * big_d)) for f in map(float, o.m_fractions.split(","))})
    pdir = os.path.join(o.out, "problems")
    shutil.rmtree(pdir, ignore_errors=True)
    java = ["java", "-cp", o.implreg_jar, "org.implreg.bench.AtlasInstances"]
    subprocess.run(java + ["generate", pdir, str(n), o.ranks, ",".join(map(str, ms)), str(o.trials)], check=True,
                   stdout=subprocess.DEVNULL)
    files = sorted(glob.glob(os.path.join(pdir, "*.npz")))
    cli_identical = None
    if o.implreg:
        f0 = files[0]
        meta = json.loads(str(np.load(f0)["meta"]))
        ref = os.path.join(o.out, "cli-check.npz")
        subprocess.run([o.implreg, "problem", "--n", str(n), "--rank", str(meta["rank"]), "--m", str(meta["m"]), "--seed",
                        str(meta["seed"]), "--out", ref], check=True, stdout=subprocess.DEVNULL)
        za, zb = np.load(f0), np.load(ref)
        cli_identical = all(np.array_equal(za[k], zb[k]) for k in ("A", "y", "X_star"))
        print(f"{os.path.basename(f0)} equal to `implreg problem --seed {meta['seed']}`: {cli_identical}")

    # implreg: one JVM, every instance `passes` times, `workers` threads
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1")
    ij = os.path.join(o.out, "implreg.json")
    t0 = time.perf_counter()
    subprocess.run(java + ["solve", ij, str(o.workers), str(o.passes), o.alphas, repr(o.tol)] + files, check=True, env=env)
    implreg_process = time.perf_counter() - t0
    imp = json.load(open(ij))
    by_file = {r["file"]: r for r in imp["instances"]}

    # baseline: the same files, the same U0
    jobs = [(f, [(fl["alpha"], col_major(fl["u0"], n)) for fl in by_file[f]["flows"]], o.tol, o.method, o.csdp)
            for f in files]
    recs, wall = baseline_pass(jobs, o.workers)
    print(f"baseline: {len(files)} instances in {wall:.3f} s on {o.workers} workers ({len(files) / wall:.3f} instances/s)")
    json.dump({"method": o.method, "workers": o.workers, "wall_seconds": wall, "instances": recs},
              open(os.path.join(o.out, "baseline.json"), "w"))

    # agreement, instance by instance
    alphas = [float(a) for a in o.alphas.split(",")]
    nuc_rel, flow_dist, class_agree, rows = [], {a: [] for a in alphas}, 0, 0
    for r in recs:
        i = by_file[r["file"]]
        xstar = load(r["file"])[2]
        vj, vb = i["nucmin"]["value"], r["nucmin"]["value"]
        nuc_rel.append(abs(vj - vb) / vj)
        for fj, fb in zip(i["flows"], r["flows"]):
            xj, xb = col_major(fj["x"], n), np.asarray(fb["x"])
            flow_dist[fj["alpha"]].append(rel(xb, xj))
            rows += 1
            class_agree += (rel(xj, xstar) <= RECOVERY_TOL) == (rel(xb, xstar) <= RECOVERY_TOL)
        rel_nuc_x = rel(np.asarray(r["nucmin"]["x"]), col_major(i["nucmin"]["x"], n))
        r["nucmin"]["x_distance_to_implreg"] = rel_nuc_x

    def part(recs_, key, k=None):
        if k is None:
            return float(sum(x[key]["seconds"] for x in recs_))
        return float(sum(x["flows"][k]["seconds"] for x in recs_))

    last_pass = imp["passes"][-1]
    cpu_j = float(sum(x["cpu_seconds"] for x in imp["instances"]))
    cpu_b = float(sum(x["cpu_seconds"] for x in recs))
    stiff = [f for x in imp["instances"] for f in x["flows"] if "+" in f["extras"]["integrator"]]
    tdiff = [abs(fb["flow_time"] - fj["extras"]["flow_time"]) / fj["extras"]["flow_time"]
             for r in recs for fj, fb in zip(by_file[r["file"]]["flows"], r["flows"])]
    summary = {
        "n": n, "D": big_d, "ranks": o.ranks, "ms": ms, "trials": o.trials, "instances": len(files), "alphas": alphas,
        "tol": o.tol, "workers": o.workers, "baseline_method": o.method, "cli_identical": cli_identical,
        "implreg": {"passes": imp["passes"], "instances_per_second": last_pass["instances_per_second"],
                    "process_seconds": implreg_process, "blas": imp["blas"], "cpu_seconds": cpu_j,
                    "flows_with_stiff_tail": len(stiff), "seconds_flows_with_stiff_tail": float(sum(f["seconds"] for f in stiff)),
                    "seconds_nucmin": part(imp["instances"], "nucmin"),
                    "seconds_flow": [part(imp["instances"], None, k) for k in range(len(alphas))],
                    "flow_evaluations_median": [float(np.median([x["flows"][k]["evaluations"] for x in imp["instances"]]))
                                                for k in range(len(alphas))]},
        "baseline": {"wall_seconds": wall, "instances_per_second": len(files) / wall, "cpu_seconds": cpu_b,
                     "seconds_csdp": part(recs, "nucmin"),
                     "seconds_flow": [part(recs, None, k) for k in range(len(alphas))],
                     "flow_evaluations_median": [float(np.median([x["flows"][k]["evaluations"] for x in recs]))
                                                 for k in range(len(alphas))],
                     "flow_status": sorted({f["stop"] for x in recs for f in x["flows"]})},
        "speedup": last_pass["instances_per_second"] / (len(files) / wall),
        "speedup_first_pass": imp["passes"][0]["instances_per_second"] / (len(files) / wall),
        "cpu_ratio": cpu_b / cpu_j,
        "agreement": {"nucmin_value_rel_max": max(nuc_rel),
                      "nucmin_within_1e-6": sum(v <= NUCMIN_AGREEMENT for v in nuc_rel),
                      "nucmin_x_rel_max": max(r["nucmin"]["x_distance_to_implreg"] for r in recs),
                      "flow_limit_rel_distance": {str(a): {"median": float(np.median(v)), "max": float(max(v))}
                                                  for a, v in flow_dist.items()},
                      "recovered_same_answer": f"{class_agree}/{rows}",
                      "flow_time_at_stop_rel_difference": {"median": float(np.median(tdiff)), "max": float(max(tdiff))}},
    }
    json.dump(summary, open(os.path.join(o.out, "summary.json"), "w"), indent=1)
    s, b, ag = summary["implreg"], summary["baseline"], summary["agreement"]
    print(f"\n{len(files)} instances, n = {n}, ranks {o.ranks}, m = {ms}, {o.trials} trials, alphas {o.alphas}, "
          f"tol {o.tol}, {o.workers} workers")
    print("| side | instances/s | CPU s / instance | certified min (s, summed) | flow per alpha (s, summed) "
          "| median evaluations per flow |")
    print("|---|---|---|---|---|---|")
    print(f"| implreg (pass {last_pass['pass']}) | {s['instances_per_second']:.3f} | {cpu_j / len(files):.3f} | "
          f"{s['seconds_nucmin']:.2f} | "
          f"{' / '.join('%.2f' % v for v in s['seconds_flow'])} | {' / '.join('%.0f' % v for v in s['flow_evaluations_median'])} |")
    print(f"| implreg (pass 1, JIT warm-up) | {imp['passes'][0]['instances_per_second']:.3f} | | | | |")
    print(f"| NumPy/SciPy ({o.method} + CSDP) | {b['instances_per_second']:.3f} | {cpu_b / len(files):.3f} | "
          f"{b['seconds_csdp']:.2f} | "
          f"{' / '.join('%.2f' % v for v in b['seconds_flow'])} | {' / '.join('%.0f' % v for v in b['flow_evaluations_median'])} |")
    print(f"speed-up {summary['speedup']:.2f}x in instances/s (first pass {summary['speedup_first_pass']:.2f}x), "
          f"{summary['cpu_ratio']:.2f}x in CPU seconds")
    print(f"implreg: {len(stiff)} of {len(files) * len(alphas)} flows entered the stiff tail (NDF, or ROS2 with dp853_ros2), "
          f"{s['seconds_flows_with_stiff_tail']:.1f} s of {sum(s['seconds_flow']):.1f} s of flow")
    print(f"certified minimum: max rel. difference {ag['nucmin_value_rel_max']:.1e}, "
          f"{ag['nucmin_within_1e-6']}/{len(files)} within 1e-6; max rel. distance of the X's {ag['nucmin_x_rel_max']:.1e}")
    for a, v in ag["flow_limit_rel_distance"].items():
        print(f"flow alpha {a}: limits' rel. distance median {v['median']:.1e}, max {v['max']:.1e}")
    print(f"flow time at the stop: rel. difference median {ag['flow_time_at_stop_rel_difference']['median']:.1e}, "
          f"max {ag['flow_time_at_stop_rel_difference']['max']:.1e}")
    print(f"recovered (rel. error to X* <= {RECOVERY_TOL}) the same on both sides: {ag['recovered_same_answer']}")
    if ag["nucmin_within_1e-6"] < len(files) or class_agree < rows:
        sys.exit("the two sides disagree (certified minimum beyond 1e-6 relative, or a different recovery answer)")


if __name__ == "__main__":
    main()
