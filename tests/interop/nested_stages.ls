Root
Dev/Service (Dev-Service)
Dev/Inner/Worker (Dev-Inner-Worker)
