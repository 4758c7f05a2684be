"""The collaboration layer: projects, the dialogue log, training efforts, the actor network and
matchmaking."""
