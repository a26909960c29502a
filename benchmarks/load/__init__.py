"""`make load`: a bounded locust load test on the loopback address (runner.py, locustfile.py)."""
