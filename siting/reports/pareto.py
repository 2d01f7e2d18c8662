"""Write a cost-delay Pareto front: ``pareto.csv`` and a chart ``pareto.png``."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import pandas as pd

from siting.solve.pareto import ParetoPoint
from siting.text import write_csv


def pareto_table(points: list[ParetoPoint]) -> pd.DataFrame:
    rows = []
    for p in points:
        row = asdict(p)
        row["designated"] = " ".join(p.designated)
        rows.append(row)
    return pd.DataFrame(rows)


def write_pareto(points: list[ParetoPoint], folder: Path, title: str) -> None:
    """CSV and PNG of the front into ``folder``."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    table = pareto_table(points)
    write_csv(table.round(6), folder / "pareto.csv")
    fig, ax = plt.subplots(figsize=(7, 4.5), dpi=120)
    ok = table["status"] == "optimal"
    ax.plot(table["delay_mw_years"], table["cost_jpy"] / 1e9, "-", color="#888", zorder=1)
    ax.scatter(table.loc[ok, "delay_mw_years"], table.loc[ok, "cost_jpy"] / 1e9, color="#1f6fb4", zorder=2,
               label="optimal within gap")
    if (~ok).any():
        ax.scatter(table.loc[~ok, "delay_mw_years"], table.loc[~ok, "cost_jpy"] / 1e9, color="#d62728", marker="x",
                   zorder=3, label="time limit (not proven)")
    for r in table.itertuples():
        n = len(r.designated.split()) if r.designated else 0
        ax.annotate(f"{n} region{'s' if n != 1 else ''}",
                    (r.delay_mw_years, r.cost_jpy / 1e9), textcoords="offset points", xytext=(4, 4), fontsize=7)
    ax.set_xlabel("connection delay (MW-years of unserved IT demand)")
    ax.set_ylabel("designation + connection + reinforcement + fibre (bn JPY)")
    ax.set_title(f"Cost-delay trade-off: {title}")
    ax.grid(alpha=0.3)
    ax.legend(loc="upper right", fontsize=8)
    fig.tight_layout()
    fig.savefig(folder / "pareto.png")
    plt.close(fig)
