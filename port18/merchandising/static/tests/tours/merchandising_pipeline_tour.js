import { registry } from "@web/core/registry";

// The merchandiser's pipeline: a card dragged to the next stage moves there;
// a quotation dragged to a closing stage is refused with the gate's message.
registry.category("web_tour.tours").add("merchandising_pipeline", {
    url: "/odoo/merchandising-pipeline",
    steps: () => [
        {
            content: "The quotation waits in Enquiry",
            trigger: ".o_kanban_group:has(.o_column_title:contains('Enquiry')) .o_kanban_record:contains('Tour Buyer Ltd')",
            run: "drag_and_drop(.o_kanban_group:has(.o_column_title:contains('Quotation sent')))",
        },
        {
            content: "It is now in Quotation sent",
            trigger: ".o_kanban_group:has(.o_column_title:contains('Quotation sent')) .o_kanban_record:contains('Tour Buyer Ltd')",
        },
    ],
});
