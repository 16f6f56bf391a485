"""One password hash (what a login costs in CPU) with Django's Argon2 defaults and with the project's.

.venv/bin/python bench/bench_login_hash.py [repeats]
"""

import os
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

django.setup()

from django.contrib.auth.hashers import Argon2PasswordHasher  # noqa: E402

from zhicheng.accounts.hashers import WebArgon2PasswordHasher  # noqa: E402


def main(repeats: int = 15) -> None:
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    for hasher in (Argon2PasswordHasher(), WebArgon2PasswordHasher()):
        encoded = hasher.encode("Correct-horse-1", hasher.salt())
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            hasher.verify("Correct-horse-1", encoded)
            times.append((time.perf_counter() - start) * 1000)
        params = encoded.split("$")[3]
        print(
            f"{type(hasher).__name__:26} {params:18} median {statistics.median(times):6.1f} ms"
            f"  min {min(times):6.1f} ms"
        )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 15)
