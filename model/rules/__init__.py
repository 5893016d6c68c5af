"""What agents do: one module per kind of agent or market (households, firms, labour, agencies, the digital
core) and the initial economy. Rules read the public conditions and parameters and change agent state; they
know nothing of engines, results or experiments."""
