import { registry } from "@web/core/registry";

const column = (title) => `.o_kanban_group:has(.o_column_title:contains('${title}'))`;

// The merchandiser's pipeline: a card dragged to the next stage moves there;
// an order dragged to Production before its PP sample is approved is refused
// with the gate's message, and stays where it was.
registry.category("web_tour.tours").add("merchandising_pipeline", {
    steps: () => [
        {
            content: "The quotation waits in Enquiry",
            trigger: `${column("Enquiry")} .o_kanban_record:contains('Tour Buyer Ltd')`,
            run: `drag_and_drop(${column("Quotation sent")})`,
        },
        {
            content: "It is now in Quotation sent",
            trigger: `${column("Quotation sent")} .o_kanban_record:contains('Tour Buyer Ltd')`,
        },
        {
            content: "The confirmed order is dragged to Production",
            trigger: `${column("Order confirmed")} .o_kanban_record:contains('Gate Outdoor AB')`,
            run: `drag_and_drop(${column("Production")})`,
        },
        {
            content: "The gate says what is missing",
            trigger: ".modal:contains('Pre-production (PP)'):contains('approved by the customer')",
        },
        {
            trigger: ".modal .modal-footer button.btn-primary",
            run: "click",
        },
        {
            content: "The card is back in Order confirmed",
            trigger: `body:not(:has(.modal)) ${column("Order confirmed")} .o_kanban_record:contains('Gate Outdoor AB')`,
        },
    ],
});
