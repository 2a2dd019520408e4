"""Interface app: owns no models (see gongkai/portal for the public side)."""
