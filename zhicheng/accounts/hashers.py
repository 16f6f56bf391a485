"""Argon2id with parameters chosen for a web worker (SECURITY.md 1; docs/performance.md "Login").

Django's defaults (100 MiB, time cost 2, 8 lanes) cost ~0.8 s of two busy cores per login on the
reference box: a province's morning rush of logins saturated one machine at ~5 logins/s. These are the
OWASP Password Storage Cheat Sheet's first Argon2id configuration (m = 19 MiB, t = 2, p = 1): still
memory-hard against GPU guessing, one lane so a login takes one core, not all of them.

The algorithm name stays "argon2", so every existing hash still verifies; Django's must_update() sees
the old parameters and re-hashes with these on the user's next successful login.
"""

from django.contrib.auth.hashers import Argon2PasswordHasher


class WebArgon2PasswordHasher(Argon2PasswordHasher):
    memory_cost = 19 * 1024  # KiB
    time_cost = 2
    parallelism = 1
