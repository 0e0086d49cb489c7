"""lib.stats: hand-computed spreads, bootstrap coverage, Brown-Forsythe, Cohen's d, AUC, errors."""
import numpy as np
import pytest
import torch
from scipy import stats as sps

from lib.errors import BadInput
from lib.stats import (Spread, auc, binary_labels, bootstrap_ci, brown_forsythe, cohens_d, cohens_d_ci,
                       spread)


def test_spread_hand_computed():
    x = [2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0]
    s = spread(x, n_boot=200)
    assert isinstance(s, Spread)
    # mean 5, squared deviations sum to 32, ddof=1 -> var 32/7
    assert s.sd == pytest.approx(np.sqrt(32 / 7))
    assert (s.min, s.max, s.range, s.n) == (2.0, 9.0, 7.0, 8)
    # linear-interpolated percentiles: Q1 at position 1.75 -> 4.0, Q3 at position 5.25 -> 5.5
    assert s.iqr == pytest.approx(1.5)
    assert s.sd_ci[0] <= s.sd_ci[1] and s.iqr_ci[0] <= s.iqr_ci[1]


def test_spread_accepts_torch_and_is_deterministic():
    x = np.random.default_rng(1).normal(size=50)
    a, b = spread(torch.tensor(x), n_boot=300, seed=3), spread(x, n_boot=300, seed=3)
    assert a == b
    assert spread(x, n_boot=300, seed=4).sd_ci != a.sd_ci


def test_ci_contains_true_value_large_normal():
    x = np.random.default_rng(0).normal(0.0, 2.0, size=4000)
    lo, hi = bootstrap_ci(x)  # np.std
    assert lo < 2.0 < hi and hi - lo < 0.2
    s = spread(x)
    assert s.sd_ci[0] < 2.0 < s.sd_ci[1]
    true_iqr = 2.0 * (sps.norm.ppf(0.75) - sps.norm.ppf(0.25))
    assert s.iqr_ci[0] < true_iqr < s.iqr_ci[1]
    lo_m, hi_m = bootstrap_ci(x, stat=np.mean)
    assert lo_m < 0.0 < hi_m


def test_bootstrap_ci_non_vectorised_stat_matches_vectorised():
    x = np.random.default_rng(2).normal(size=40)
    vec = bootstrap_ci(x, stat=np.std, n_boot=500, seed=7)
    loop = bootstrap_ci(x, stat=lambda v: float(np.std(v)), n_boot=500, seed=7)
    assert vec == pytest.approx(loop)


def test_brown_forsythe():
    rng = np.random.default_rng(0)
    a, b = rng.normal(0, 1, 500), rng.normal(0, 3, 500)  # variances 1 vs 9
    stat, p = brown_forsythe(a, b)
    assert p < 1e-3
    ref = sps.levene(a, b, center="median")
    assert (stat, p) == pytest.approx((ref.statistic, ref.pvalue))
    _, p_eq = brown_forsythe(rng.normal(0, 1, 500), rng.normal(5, 1, 500))  # equal variances, different means
    assert p_eq > 0.05


def test_cohens_d():
    rng = np.random.default_rng(0)
    a, b = rng.normal(1.0, 1.0, 2000), rng.normal(0.0, 1.0, 2000)
    d = cohens_d(a, b)
    assert d == pytest.approx(1.0, abs=0.08)
    assert cohens_d(b, a) == pytest.approx(-d)
    lo, hi = cohens_d_ci(a, b, n_boot=500)
    assert lo < d < hi and lo < 1.0 < hi


def test_cohens_d_hand_computed():
    # means 2 and 5; sample variances 1 and 1 -> pooled SD 1 -> d = -3
    assert cohens_d([1, 2, 3], [4, 5, 6]) == pytest.approx(-3.0)
    # unequal n: a = [1,2,3] (mean 2, SS 2), b = [1,3,5,7,4] (mean 4, SS 20): pooled = sqrt(22/6)
    assert cohens_d([1, 2, 3], [1, 3, 5, 7, 4]) == pytest.approx(-2.0 / np.sqrt(22 / 6))

def test_auc():
    assert auc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]) == pytest.approx(0.75)
    assert auc([3, 1, 2], ["right", "left", "left"]) == pytest.approx(1.0)  # positive defaults to "right"
    assert auc([3, 1, 2], ["right", "left", "left"], positive="left") == pytest.approx(0.0)
    assert auc(torch.tensor([0.2, 0.9]), torch.tensor([False, True])) == 1.0


def test_binary_labels():
    np.testing.assert_array_equal(binary_labels([0, 1, 1, 0]), [False, True, True, False])
    np.testing.assert_array_equal(binary_labels(["a", "b", "a"], positive="a"), [True, False, True])
    np.testing.assert_array_equal(binary_labels(["dem", "rep"]), [False, True])


def test_errors():
    with pytest.raises(BadInput, match="exactly two classes"):
        auc([0.1, 0.2, 0.3], [1, 1, 1])
    with pytest.raises(BadInput, match="at least 1 value"):
        auc([], [])
    with pytest.raises(BadInput, match="2 labels for 3 texts"):
        auc([0.1, 0.2, 0.3], [0, 1])
    with pytest.raises(BadInput, match="positive='x' is not one of the labels"):
        binary_labels(["a", "b"], positive="x")
    with pytest.raises(BadInput, match=r"at least 2 value\(s\); got 1"):
        spread([1.0])
    with pytest.raises(BadInput, match="NaN"):
        spread([1.0, np.nan, 2.0])
    with pytest.raises(BadInput, match="1-D"):
        brown_forsythe(np.zeros((3, 2)), [1, 2, 3])
    with pytest.raises(BadInput, match="pooled SD is 0"):
        cohens_d([1, 1, 1], [2, 2, 2])
    with pytest.raises(BadInput, match="ci must be"):
        bootstrap_ci([1, 2, 3], ci=95)
    with pytest.raises(BadInput, match="must be numbers"):
        spread(["a", "b"])
    assert issubclass(BadInput, ValueError)
