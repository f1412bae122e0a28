"""1.1.0 adds the customs gates: the default "Booking & customs" stage asks for
the products' customs data, "Shipped" for the customs release. The stages are
noupdate data (a company's edits survive upgrades), so the flags are set here,
on the default stages only. Plain SQL, no record rules: a migration runs as
part of the upgrade, with no user behind it."""


def migrate(cr, version):
    if not version:
        return
    for xmlid, flag in (('stage_booking_customs', 'requires_customs_data'),
                        ('stage_shipped', 'requires_customs_release')):
        cr.execute("""
            UPDATE merchandising_stage SET {flag} = TRUE
             WHERE id = (SELECT res_id FROM ir_model_data
                          WHERE module = 'merchandising' AND name = %s)
        """.format(flag=flag), (xmlid,))
