from . import merchandising_customs_reset
