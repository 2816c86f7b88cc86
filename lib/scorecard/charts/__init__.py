"""Charts in one house style (UK Government Analysis Function palette), each with alt text."""
