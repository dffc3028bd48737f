"""Write actions on pairs; import the functions from their topic modules."""
