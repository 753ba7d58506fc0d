"""Performance indicators (성과지표), their targets and actuals, and the evaluation calendar; attaches to `plans` and `pledges`, never to `budgets`."""
