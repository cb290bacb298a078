HelloQueues
HelloConsumer
Dev/Service (Dev-Service)
