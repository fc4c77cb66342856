"""Acting on the person from an alarm (issue 20 item 5): call outcomes, response checklists per
alarm kind (versioned data) and the device commands the protocols carry."""
