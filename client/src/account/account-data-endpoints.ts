import { accountDataApi } from '../../../shared/api/account-data';
import { caller } from '../api/http';

/** Calls to the person's own account data: loaded with the account page only. */
export const callAccountData = caller(accountDataApi);
