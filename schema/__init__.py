"""The JSON Schemas of the records and of the export: package data of kpolicy (as kpolicy.schema),
read with importlib.resources by kpolicy.records.schemas."""
