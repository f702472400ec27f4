param name string
param location string
param storageAccountName string
param appInsightsConnectionString string
param taskHub string

@description('Entra ID app registration (client id) officials sign in with; App Service authentication guards the API.')
param entraClientId string

param entraTenantId string = subscription().tenantId

@description('Key Vault secret URI of the reserve-fund ledger\'s MAC key (32+ characters; versionless, so a rotation is picked up). The app reads it through a Key Vault reference: the key is never in the template, the app settings or the storage account.')
param ledgerMacKeySecretUri string

@description('The Key Vault holding that secret; the app\'s identity is granted Key Vault Secrets User on it.')
param keyVaultName string

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

// Elastic Premium, not Flex Consumption: the bid and application uploads use the standard (polling) blob trigger,
// which Flex Consumption does not run (it needs the Event Grid source), and the timers' schedules are China time
// through WEBSITE_TIME_ZONE, which Linux Consumption plans do not honour. Premium also keeps instances warm, so an
// official's callback or a clerk's upload is answered without a cold start.
resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: '${name}-plan'
  location: location
  sku: { name: 'EP1', tier: 'ElasticPremium' }
  kind: 'elastic'
  properties: { reserved: true, maximumElasticWorkerCount: 10 }
}

resource app 'Microsoft.Web/sites@2023-12-01' = {
  name: name
  location: location
  kind: 'functionapp,linux'
  identity: { type: 'SystemAssigned' }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    siteConfig: {
      linuxFxVersion: 'DOTNET-ISOLATED|10.0'
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      appSettings: [
        { name: 'FUNCTIONS_EXTENSION_VERSION', value: '~4' }
        { name: 'FUNCTIONS_WORKER_RUNTIME', value: 'dotnet-isolated' }
        { name: 'AzureWebJobsStorage__accountName', value: storageAccountName }
        { name: 'TaskHub', value: taskHub }
        { name: 'Ledger__MacKey', value: '@Microsoft.KeyVault(SecretUri=${ledgerMacKeySecretUri})' }
        { name: 'WEBSITE_TIME_ZONE', value: 'Asia/Shanghai' }
        // A round takes the workbooks storage wrote by its deadline for this long after it (the blob trigger may deliver late).
        { name: 'Bidding__DeliveryGraceSeconds', value: '600' }
        // The timers' NCRONTAB schedules (seconds first, China time): yearly collection, then the annual reviews.
        { name: 'Schedules__FundCollectionTimer', value: '0 0 9 10 1 *' }
        { name: 'Schedules__ComplexReviewTimer', value: '0 0 9 1 3 *' }
        { name: 'Schedules__GeneralReviewTimer', value: '0 0 9 1 3 *' }
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: appInsightsConnectionString }
        // Who calls is App Service authentication's principal (authsettingsV2 below; the app refuses to start in this
        // mode unless the platform reports WEBSITE_AUTH_ENABLED). The claim types are ours, not the header's.
        { name: 'Authentication__Mode', value: 'AppService' }
        { name: 'Authentication__AppService__NameClaimType', value: 'preferred_username' }
        { name: 'Authentication__AppService__RoleClaimType', value: 'roles' }
        { name: 'Authentication__AppService__HospitalClaimType', value: 'hospital' }
      ]
    }
  }
}

// Officials sign in with Entra ID; the app reads who they are and their roles from X-MS-CLIENT-PRINCIPAL.
resource authentication 'Microsoft.Web/sites/config@2023-12-01' = {
  parent: app
  name: 'authsettingsV2'
  properties: {
    platform: { enabled: true }
    globalValidation: {
      requireAuthentication: true
      unauthenticatedClientAction: 'Return401'
    }
    identityProviders: {
      azureActiveDirectory: {
        enabled: true
        registration: {
          clientId: entraClientId
          openIdIssuer: 'https://login.microsoftonline.com/${entraTenantId}/v2.0'
        }
        validation: { allowedAudiences: [ 'api://${entraClientId}' ] }
      }
    }
  }
}

// Data-plane roles instead of account keys: Storage Blob, Queue and Table Data Contributor.
// Blob Data Contributor includes Microsoft.Storage/storageAccounts/blobServices/generateUserDelegationKey/action, which
// the app needs to sign hospitals' upload URLs (create+write on one blob, 30 minutes) without an account key.
// Hospitals get NO role on the storage account: those URLs, issued for the hospital of their sign-in, are their only access.
var roles = [
  'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
  '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
]

resource grants 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for role in roles: {
  name: guid(storage.id, app.id, role)
  scope: storage
  properties: {
    principalId: app.identity.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role)
  }
}]

// The ledger key: read-only access to the vault's secrets, so the app can check and seal entries but not change the key.
resource vault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: keyVaultName
}

resource secretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, app.id, '4633458b-17de-408a-b874-0445c86b69e6')
  scope: vault
  properties: {
    principalId: app.identity.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '4633458b-17de-408a-b874-0445c86b69e6')
  }
}

output name string = app.name
