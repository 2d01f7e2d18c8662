"""The siting MILP, built from plain :class:`~siting.model.data.ModelData` (no files, no geometry, no pandas).

:func:`siting.model.build.build_model` adds the variables (:mod:`siting.model.variables`), the constraint families
of :data:`siting.model.families.FAMILIES` (one module each under :mod:`siting.model.constraints`, its maths in the
docstring) and the objective (:mod:`siting.model.objective`).

Symbol key
----------
Sets (Pyomo sets of integers ``0..n-1``; the ids are in the parallel lists of ``ModelData``):

======  ====================================================================================================
``T``   planning years (``years``); ``dur_t`` years each one stands for, until the next one or ``end_year``
``G``   candidate regions (GX strategic-region candidates; existing clusters are regions fixed on)
``S``   candidate sites, each in one region ``g(s)``, one grid area and at most one water system
``N``   demand nodes (metros, internet exchanges)
``P``   (node, site) pairs within the latency limit; only these exist
``B``   substations a site may connect to
``A``   connection arcs (site, substation): sparse, own grid area, eligible substations, over land
``K``   reinforcement steps, ordered within their substation
``AT``  (arc, year) pairs from the year the arc's lead time allows; ``KT`` the same for steps
``SE``  sites that may cool evaporatively (in a water system with known spare supply)
``W``   industrial-water systems with known spare supply; ``AR`` grid areas; ``L`` interconnector directions
``GKT`` (region, step, year) triples of the headroom-link columns
======  ====================================================================================================

Decision variables (unit in brackets):

=============  ==========================================================================================
``z[g]``       binary: region g is designated (fixed to 1 for existing regions and forced-in ones)
``x[s,t]``     IT MW running at site s in year t [IT MW], at least its committed capacity; never shrinks
``xe[s,t]``    the part of ``x`` beyond committed capacity that cools evaporatively [IT MW]; the rest
               (``x - xe``) cools dry at ``pue_dry``
``y[p,t]``     IT MW of node n(p)'s demand served from site s(p) in year t [IT MW]
``u[n,t]``     IT MW of node n's demand not served in year t: the connection delay [IT MW];
               ``sum dur_t u`` is MW-years of delay
``v[a]``       binary (or in [0, 1] without ``connection_binaries``): connection a is built
``f[a,t]``     grid MW drawn through connection a in year t [grid MW = PUE x IT MW]
``r[k,t]``     binary: reinforcement step k is in service in year t (monotone in t and in step order)
``w[g,k,t]``   in [0, 1]: region g's share of step k in year t, ``w = z * r`` at every integer plan
               (:mod:`siting.model.constraints.headroom_link`)
``q[i,t]``     decarbonised energy carried by interconnector direction i in year t [GWh/yr]
``x_total[t]`` national IT MW in year t [IT MW] (:mod:`siting.model.constraints.diversity`)
=============  ==========================================================================================

Data (fields of ``ModelData``): ``cap_s`` site capacity [IT MW] (land / ``ha_per_mw``); ``c_{s,t}`` committed
capacity [IT MW]; ``D_{n,t}`` demand [IT MW]; ``H_{b,t}`` free headroom, today's plus committed additions
[grid MW]; ``dH_k``, ``C_k``, ``L_k`` a step's added headroom [grid MW], cost [JPY] and lead time [years];
``M_{a,t}`` a connection's big-M [grid MW]; ``F_g`` designation cost [JPY]; ``c_a`` connection cost [JPY];
``c_p`` fibre cost [JPY per MW-year]; ``lambda`` delay cost [JPY per MW-year]; ``E_{a,t}`` decarbonised
energy new data centres may claim in area a [GWh/yr]; ``Q_{i,t}`` interconnector limit [GWh/yr]; ``Q_w``
spare industrial water [m3/day]; ``wue`` water per evaporatively cooled IT MW [m3/day]; ``PUE`` and
``PUE_dry`` grid MW per IT MW cooled evaporatively and dry. The objective works in JPY x ``cost_scale``
(oku-yen, 1e8 JPY, by default); results report JPY.
"""
