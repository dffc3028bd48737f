"""Pages of pairs and groups, one module per area: ``pairs`` (lists, a pair's
page, the director's approval, meetings), ``matching`` (the curator's matching
workspace), ``plans`` (the personalised programme, «my mentor»), ``lifecycle``
(ending a pair, the meeting cadence)."""
