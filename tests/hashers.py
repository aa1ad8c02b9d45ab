from django.contrib.auth.hashers import Argon2PasswordHasher


class QuickArgon2PasswordHasher(Argon2PasswordHasher):
    """The same Argon2id, with a small cost so that the suite stays quick."""

    time_cost = 1
    memory_cost = 1024
    parallelism = 1
