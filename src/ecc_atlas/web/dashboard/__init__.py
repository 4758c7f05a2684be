"""The public dashboard: headline figures, maps and trends, and the JSON API behind them."""
