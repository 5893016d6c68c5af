"""What runs write for people: the results folder, charts and the parameter documentation."""
