"""The append-only event store and the projections rebuilt from it. Knows nothing of Arabic."""
