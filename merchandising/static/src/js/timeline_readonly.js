odoo.define('merchandising.timeline_readonly', function (require) {
"use strict";

/**
 * web_timeline lets whoever may write a record drag its bar, which writes the
 * start and stop fields and the grouping field. The T&A timeline shows the
 * frozen planned date and the computed forecast, grouped by order: dragging
 * would mean nothing, so a timeline with edit="false" is read-only (like the
 * other Odoo views with that attribute); its records open on click.
 */
var TimelineRenderer = require('web_timeline.TimelineRenderer');

TimelineRenderer.include({
    init_timeline: function () {
        this._super.apply(this, arguments);
        if (this.arch.attrs.edit === 'false') {
            this.options.editable = false;
            this.timeline.setOptions({editable: false});
        }
    },
});

});
