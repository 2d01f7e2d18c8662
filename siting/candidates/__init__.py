"""Candidates and regions: land → screened candidate sites with arcs, water, areas and fibre pairs."""

from siting.candidates.build import Candidates, build_candidates, voltage_class

__all__ = ["Candidates", "build_candidates", "voltage_class"]
