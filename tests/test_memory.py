"""A memory limit that limits a file, not the program (flows/memory.py)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from flows.memory import MIN_FILE_MB, address_space_mb, setting_problem


def test_a_limit_below_what_a_worker_holds_is_refused_with_a_sentence():
    assert setting_problem(0, 1200) is None  # no limit
    assert setting_problem(4096, 1200) is None
    assert setting_problem(1200 + MIN_FILE_MB, 1200) is None
    refused = setting_problem(400, 1200)
    assert refused is not None and "worker_memory_mb = 400" in refused and str(1200 + MIN_FILE_MB) in refused
    assert setting_problem(400, None) is None  # a system that does not tell: nothing refused on a guess


def test_the_limit_holds_while_a_file_is_read_and_is_lifted_after():
    # in a process of its own: an address-space limit is for the whole process while it is set
    script = textwrap.dedent("""
        import mmap
        from flows.memory import file_memory_limit, address_space_mb
        held = address_space_mb()
        try:
            with file_memory_limit(held + 300):
                mmap.mmap(-1, 3 * 1024 ** 3)  # a file that needs 3 GB more (reserved, never touched)
            print("allowed")
        except OSError:  # ENOMEM: the address space is capped
            print("refused")
        mmap.mmap(-1, 3 * 1024 ** 3)  # the program afterwards: no limit
        print("lifted")
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert out.stdout.split() == ["refused", "lifted"], out.stderr
    assert address_space_mb() is not None
