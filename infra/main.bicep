// The function app's Azure resources: storage (no keys used by the app), a Linux Elastic Premium plan, the app with a
// system-assigned identity granted data roles on the storage account, and monitoring. Deploy with
// az deployment group create -g <group> -f infra/main.bicep -p infra/main.parameters.json
targetScope = 'resourceGroup'

@description('Short environment name, used in resource names (dev, test, prod).')
param environmentName string

param location string = resourceGroup().location

@description('The Durable task hub (host.json hubName %TaskHub%): its control and work-item queues, History and Instances tables and lease blobs.')
param taskHub string = 'serverless'

@description('Client id of the Entra ID app registration officials sign in with.')
param entraClientId string

@description('Key Vault (in this resource group, RBAC authorization) holding the reserve-fund ledger\'s MAC key.')
param keyVaultName string

@description('Name of that secret: a random value of at least 32 characters, created by an operator (e.g. az keyvault secret set --value "$(openssl rand -base64 48)").')
param ledgerMacKeySecretName string = 'ledger-mac-key'

var suffix = uniqueString(resourceGroup().id, environmentName)
var uploadContainers = [ 'bids', 'scopes', 'applications', 'monitoring' ]
var appContainers = [ 'archive', 'reports', 'results', 'work', 'simulations' ]
var tables = [ 'campaignrounds', 'bidsubmissions', 'uploadreceipts', 'audit', 'newitems', 'notifications', 'marketpositions', 'fundcontributions', 'fundledger', 'timerfirings', 'reviewdecisions', 'monitoring' ]

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    name: 'st${take(suffix, 20)}'
    location: location
    uploadContainers: uploadContainers
    appContainers: appContainers
    tables: tables
    queues: [ 'uploads-poison' ]
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    name: 'mon-${environmentName}-${take(suffix, 6)}'
    location: location
  }
}

module app 'modules/functionapp.bicep' = {
  name: 'functionapp'
  params: {
    name: 'func-${environmentName}-${take(suffix, 6)}'
    location: location
    storageAccountName: storage.outputs.name
    appInsightsConnectionString: monitoring.outputs.connectionString
    taskHub: taskHub
    entraClientId: entraClientId
    keyVaultName: keyVaultName
    ledgerMacKeySecretUri: 'https://${keyVaultName}${environment().suffixes.keyvaultDns}/secrets/${ledgerMacKeySecretName}'
  }
}

output functionAppName string = app.outputs.name
output storageAccountName string = storage.outputs.name
