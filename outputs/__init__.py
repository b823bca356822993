"""What analysts read: ``ogi export`` (the pack), ``ogi report`` (the yearly page), ``ogi review``
(a page per report to check, from evidence in the warehouse), ``ogi inspect`` (one file, no
warehouse) and ``ogi sql``. Outputs read the warehouse; they never run the pipeline's flow
(tests/test_architecture.py)."""
