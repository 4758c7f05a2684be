"""The employer competence-needs survey: rounds, members' answers (web form and XLSX), hand-over
to the balance analysis."""
