"""Diversity of a community over kind, sector and stage (no Django here).

Shannon index H = −Σ pᵢ ln pᵢ (0 when every company is alike; grows with more and
more even groups). Simpson index D = 1 − Σ pᵢ² (the chance that two companies drawn
at random differ). Both over the share pᵢ of each group.
"""

import math
from collections import Counter
from collections.abc import Iterable, Mapping

DIMENSIONS = ("kind", "sector", "stage")


def shannon(counts: Iterable[int]) -> float:
    counts = [c for c in counts if c > 0]
    total = sum(counts)
    if total == 0:
        return 0.0
    return -sum((c / total) * math.log(c / total) for c in counts)


def simpson(counts: Iterable[int]) -> float:
    counts = [c for c in counts if c > 0]
    total = sum(counts)
    if total == 0:
        return 0.0
    return 1.0 - sum((c / total) ** 2 for c in counts)


def indices(companies: Iterable[Mapping[str, object]]) -> dict[str, dict[str, float]]:
    """{dimension: {"shannon": H, "simpson": D, "groups": n}} for the companies."""
    companies = list(companies)
    result = {}
    for dimension in DIMENSIONS:
        counts = Counter(company[dimension] for company in companies).values()
        result[dimension] = {
            "shannon": round(shannon(counts), 4),
            "simpson": round(simpson(counts), 4),
            "groups": len(counts),
        }
    return result


def what_if(
    companies: Iterable[Mapping[str, object]], candidate: Mapping[str, object]
) -> dict[str, dict]:
    """How admitting `candidate` changes each index: before, after and the change."""
    companies = list(companies)
    before = indices(companies)
    after = indices([*companies, candidate])
    return {
        dimension: {
            "value": candidate[dimension],
            "before": before[dimension],
            "after": after[dimension],
            "shannon_change": round(
                after[dimension]["shannon"] - before[dimension]["shannon"], 4
            ),
            "simpson_change": round(
                after[dimension]["simpson"] - before[dimension]["simpson"], 4
            ),
        }
        for dimension in DIMENSIONS
    }
