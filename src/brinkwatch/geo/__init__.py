"""Gazetteer data files (GeoNames-derived, CC BY 4.0); see README.md in this folder."""
