"""brinkwatch.signals"""
