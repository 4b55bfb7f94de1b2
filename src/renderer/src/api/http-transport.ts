/** The service-mode transport lives in shared/ (the Electron app's team-desk client runs it too). */
export * from '../../../shared/http-transport'
