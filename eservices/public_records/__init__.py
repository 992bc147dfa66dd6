"""Public records ("rejestry publiczne"): budget, register of business activity, municipal property.

With importers from the office's domain systems. Search over them comes separately.
"""
