from . import merchandising_customs_reset
from . import merchandising_tna_replan
