"""The alarm desk: alarms, the desk's views and statistics, the live feed."""
