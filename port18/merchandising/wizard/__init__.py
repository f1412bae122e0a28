from . import merchandising_tna_replan
