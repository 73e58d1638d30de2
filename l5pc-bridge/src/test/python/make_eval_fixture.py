"""Makes src/test/resources/eval/roc_cases.npz with scikit-learn (Debian python3-sklearn).

Documentation of the fixture only; the Java tests do not run Python. Run from the module folder:
/usr/bin/python3 src/test/python/make_eval_fixture.py
"""
import numpy as np
from sklearn.metrics import roc_curve, auc, explained_variance_score

rng = np.random.default_rng(7)
out = {}
for case, (n, p, quant) in enumerate([(50, 0.3, None), (2000, 0.05, 0.05), (6000, 0.01, None), (1500, 0.1, 0.25)]):
    y = rng.random(n) < p
    s = rng.random(n) * 0.6 + 0.4 * y * rng.random(n)
    if quant:
        s = np.round(s / quant) * quant  # many ties
    fpr, tpr, thr = roc_curve(y, s)
    res = [auc(fpr, tpr)]
    for x in (0.0025, 0.01):
        i = np.argmin(abs(fpr - x))
        res.append(tpr[1 if i == 0 else i])
    grid = np.linspace(0, 1, num=20000)
    gt = np.interp(grid, fpr, tpr)
    for x in (0.0025, 0.01):
        i = min(max(1, np.argmin(abs(grid - x))), gt.shape[0] - 1)
        res.append(gt[:i].mean())
    t = rng.normal(size=n) * 3 - 60
    pr = t + rng.normal(size=n)
    res += [np.sqrt(np.mean((t - pr) ** 2)), np.mean(abs(t - pr)), explained_variance_score(t, pr)]
    out[f"y{case}"] = y
    out[f"s{case}"] = s
    out[f"fpr{case}"] = fpr
    out[f"tpr{case}"] = tpr
    out[f"target{case}"] = t
    out[f"pred{case}"] = pr
    out[f"metrics{case}"] = np.array(res)  # auc, tp@.0025, tp@.01, auc@.0025, auc@.01, rmse, mae, ev
np.savez_compressed("src/test/resources/eval/roc_cases.npz", **out)
