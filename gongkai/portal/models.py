"""Interface app: owns no models (see gongkai/office for the staff side)."""
