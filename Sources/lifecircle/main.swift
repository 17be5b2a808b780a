import LifeCircle
print("lifecircle")
