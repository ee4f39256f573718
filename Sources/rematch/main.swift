print("rematch")
