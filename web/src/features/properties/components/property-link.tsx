import { Link } from 'react-router-dom';
import { Icon } from '../../../components/icons';
import { useProperty } from '../api';

/** A link to a property named by its street address, once that has loaded. */
export function PropertyLink({ propertyId }: { propertyId: string }) {
  const property = useProperty(propertyId);
  const street = property.data?.fields.address_line1;
  return (
    <Link to={`/properties/${propertyId}`} className="record-link">
      <Icon name="building" className="icon icon-sm" />
      {typeof street === 'string' ? street : 'Property'}
    </Link>
  );
}
