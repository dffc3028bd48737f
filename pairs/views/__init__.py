"""Pages of pairs and groups, one module per area: ``pairs`` (lists, a pair's
page, the director's approval, meetings), ``workspace`` (the curator's matching
workspace and the matcher's runs), ``matching`` (editing the drafts, weights,
wishes), ``plans`` (the personalised programme, «my mentor»), ``lifecycle``
(ending a pair, the meeting cadence)."""
