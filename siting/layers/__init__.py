"""Geospatial layers: the contract (:mod:`.schema`), readers, checks, and loading a scenario's layers."""

from siting.layers.checks import WORK_CRS, CheckedLayer
from siting.layers.load import LayerSet, load_layer, load_layers
from siting.layers.schema import LAYER_KINDS, SCHEMAS

__all__ = ["LAYER_KINDS", "SCHEMAS", "WORK_CRS", "CheckedLayer", "LayerSet", "load_layer", "load_layers"]
