"""The organisation (municipalities, units, staff) and its business plans."""
