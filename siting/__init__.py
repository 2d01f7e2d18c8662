"""wattbit-siting: where Japan should put its next gigawatts of data centres, and what the grid must build.

Python API (the same as the ``siting`` command)::

    import siting
    sc = siting.load_scenario("models/reference.toml")
    layers = siting.load_layers(sc)          # every layer checked once, in EPSG:6690
    layers["substations"].head()
"""

from siting.errors import InfeasibleError, InputError, ScenarioError, SitingError
from siting.layers import LAYER_KINDS, SCHEMAS, WORK_CRS, LayerSet, load_layer, load_layers
from siting.scenario import Scenario, load_scenario

__version__ = "0.1.0"

__all__ = [
    "LAYER_KINDS",
    "SCHEMAS",
    "WORK_CRS",
    "InfeasibleError",
    "InputError",
    "LayerSet",
    "Scenario",
    "ScenarioError",
    "SitingError",
    "__version__",
    "load_layer",
    "load_layers",
    "load_scenario",
]
